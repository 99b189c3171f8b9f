select 1
from {{ source("app", "events") }}
