{{ config(materialized='view') }}

-- The orders of at least var('min_amount'): lets the extension's tests see that vars reach the project.
SELECT id, customer_id, amount FROM {{ ref('orders') }} WHERE amount >= {{ var('min_amount', 0) }}
