-- Fails on purpose: customer 100 has two orders (a misuse case in PgTrickleInjectionTests).
SELECT customer_id, order_count FROM {{ ref('customer_totals') }} WHERE order_count > 1
