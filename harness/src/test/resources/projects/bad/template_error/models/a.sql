select 1
{% if true %}
union all select {{ 2 + }}
{% endif %}
