{% macro cents(column) -%}
    ({{ column }} * 100)::bigint
{%- endmacro %}

{% macro currency() -%}
    {{ return(var('currency') | lower) }}
{%- endmacro %}
