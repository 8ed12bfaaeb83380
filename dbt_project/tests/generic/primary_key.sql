{# not_null and unique on a key column as one test node and one scan (each test node has a fixed
   cost in dbt whatever the data size). GROUP BY puts all NULL keys in one group, so a failing row is
   either a duplicated key value or the NULL key, with the number of rows holding it. #}
{% test primary_key(model, column_name) %}

select
    {{ column_name }},
    count(*) as rows_with_key
from {{ model }}
group by {{ column_name }}
having count(*) > 1 or {{ column_name }} is null

{% endtest %}
