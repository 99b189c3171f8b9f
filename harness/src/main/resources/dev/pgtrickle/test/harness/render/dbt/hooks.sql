{#- dbt's hook helpers, written for pgtrickle-test from dbt's documented behaviour: each returns the hook as a JSON
    mapping of its statement and whether it runs inside the node's transaction, which the hook reader understands. -#}

{% macro before_begin(sql) %}{{ return({"sql": sql, "transaction": false} | tojson) }}{% endmacro %}

{% macro after_commit(sql) %}{{ return({"sql": sql, "transaction": false} | tojson) }}{% endmacro %}

{% macro in_transaction(sql) %}{{ return({"sql": sql, "transaction": true} | tojson) }}{% endmacro %}
