select o.* from {{ ref('stg_orders') }} o
left join {{ ref('raw_customers') }} c on c.id = o.customer_id
where c.id is null
