select count(*) as n from {{ ref('ids') }}
