SELECT c.customer_id, c.customer_name, r.region_name
FROM {{ ref('customers') }} c
JOIN {{ ref('regions') }} r ON r.region_code = c.region_code
