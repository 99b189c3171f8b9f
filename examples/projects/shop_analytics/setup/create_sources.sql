-- The application's orders table: a source, not a seed. pgtrickle-test runs this before the seeds
-- (@PgTrickleProject(setupScripts = ...), pgtrickle-test --setup-script, pgtrickle.dbt.setupScripts).
CREATE SCHEMA shop;

CREATE TABLE shop.orders (
    order_id    integer PRIMARY KEY,
    customer_id integer NOT NULL,
    amount      numeric(10, 2) NOT NULL,
    status      text NOT NULL,
    ordered_at  timestamp NOT NULL
);

INSERT INTO shop.orders VALUES
    (1, 1, 120.00, 'shipped',   '2026-03-01 09:00'),
    (2, 1,  35.50, 'placed',    '2026-03-02 10:30'),
    (3, 2,  80.00, 'shipped',   '2026-03-02 11:00'),
    (4, 3,  15.00, 'cancelled', '2026-03-03 12:00'),
    (5, 3,  42.25, 'placed',    '2026-03-04 08:15'),
    (6, 4,  10.00, 'shipped',   '2026-03-05 16:45');
