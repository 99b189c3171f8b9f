select customer_id, sum(amount) as total, count(*) as n
from {{ ref('orders') }}
group by customer_id
