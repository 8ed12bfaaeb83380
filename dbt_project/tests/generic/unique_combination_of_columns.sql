{# Grain test for a composite key. GROUP BY treats NULLs as equal, so (country, NULL region)
   twice is a duplicate, as it should be. #}
{% test unique_combination_of_columns(model, combination_of_columns) %}

select
    {{ combination_of_columns | join(', ') }},
    count(*) as rows_with_key
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1

{% endtest %}
