-- Compiles, but the database refuses it: orders has no column 'discount'.
{{ config(materialized='stream_table', schedule='1m', refresh_mode='FULL') }}
SELECT customer_id, SUM(discount) AS total_discount FROM {{ ref('orders') }} GROUP BY customer_id
