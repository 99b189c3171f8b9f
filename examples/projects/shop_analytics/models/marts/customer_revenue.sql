{{ config(schedule='1m') }}

SELECT o.customer_id,
       cr.region_name,
       SUM(o.amount) AS total_amount,
       COUNT(*) AS order_count
FROM {{ ref('stg_orders') }} o
JOIN {{ ref('int_customer_regions') }} cr ON cr.customer_id = o.customer_id
GROUP BY o.customer_id, cr.region_name
