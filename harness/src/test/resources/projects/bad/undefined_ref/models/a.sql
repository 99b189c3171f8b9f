-- reads orders
select *
from {{ ref("orders") }}
