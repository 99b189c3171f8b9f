-- Every region's total equals the sum of its customers' totals (the chain is consistent).
SELECT r.region_name, r.total_amount, c.total_amount AS customers_total
FROM {{ ref('region_revenue') }} r
JOIN (
    SELECT region_name, SUM(total_amount) AS total_amount
    FROM {{ ref('customer_revenue') }}
    GROUP BY region_name
) c ON c.region_name = r.region_name
WHERE r.total_amount <> c.total_amount
