{{ config(materialized='ephemeral') }}
select id, customer_id, amount, status
from {{ ref('raw_orders') }}
where amount > {{ var('min_amount') }}
