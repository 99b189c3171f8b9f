select * from {{ ref('id_count') }} where n <> 2
