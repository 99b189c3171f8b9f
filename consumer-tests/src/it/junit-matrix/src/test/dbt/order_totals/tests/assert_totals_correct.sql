-- Every customer's expected totals must appear, exactly, in the stream table.
WITH expected AS (
    SELECT customer_id, SUM(amount) AS total_amount, COUNT(*) AS order_count
    FROM {{ ref('raw_orders') }}
    GROUP BY customer_id
)
SELECT e.*
FROM expected e
LEFT JOIN {{ ref('order_totals') }} a
    ON a.customer_id = e.customer_id
   AND a.total_amount = e.total_amount
   AND a.order_count = e.order_count
WHERE a.customer_id IS NULL
