select * from {{ ref("a") }}
