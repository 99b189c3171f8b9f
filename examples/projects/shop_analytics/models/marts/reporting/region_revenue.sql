-- A stream table over a stream table. Its schedule is CALCULATED (schedule: none in models/marts/schema.yml):
-- pg_trickle refreshes it whenever customer_revenue changes.
SELECT region_name,
       SUM(total_amount) AS total_amount,
       SUM(order_count) AS order_count
FROM {{ ref('customer_revenue') }}
GROUP BY region_name
