select customer_id, total from {{ ref('totals') }} where total <= 10
