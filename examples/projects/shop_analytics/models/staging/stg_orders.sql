{{ config(
    pre_hook="SET LOCAL statement_timeout = '30s'",
    post_hook="COMMENT ON VIEW {{ this }} IS 'orders that are not cancelled'"
) }}

SELECT order_id, customer_id, amount, status, ordered_at
FROM {{ source('shop', 'orders') }}
WHERE status <> 'cancelled'
  AND amount >= {{ var('min_order_amount') }}
