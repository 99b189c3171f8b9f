{{ config(
    schedule='5m',
    tags=['finance'],
    cdc_mode='trigger'
) }}

-- Totals per customer, in {{ currency() }} cents.
select
    c.customer_id,
    c.name,
    sum({{ cents('o.amount') }}) as total_cents
from {{ ref('stg_customers') }} c
join {{ ref('stg_orders') }} o on o.customer_id = c.customer_id
group by c.customer_id, c.name
