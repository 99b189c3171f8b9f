-- Refers to a model that does not exist: the project must fail to load, before any database is created.
{{ config(materialized='stream_table', schedule='1m') }}
SELECT * FROM {{ ref('no_such_model') }}
