{# Every number of days past due falls in exactly one aging bucket: ordered by their bounds, the
   first bucket has no lower bound, the last no upper bound, and each starts the day after the one
   before it ends. A failing row is a bucket that breaks the chain. #}
with buckets as (

    select
        aging_bucket,
        min_days_past_due,
        max_days_past_due,
        lag(max_days_past_due) over (order by min_days_past_due nulls first) as previous_max,
        row_number() over (order by min_days_past_due nulls first) as position,
        count(*) over () as buckets
    from {{ ref('aging_buckets') }}

)

select *
from buckets
where (position = 1 and min_days_past_due is not null)
    or (position = buckets and max_days_past_due is not null)
    or (position > 1 and (min_days_past_due is null or previous_max is null
                          or min_days_past_due <> previous_max + 1))
    or (max_days_past_due < min_days_past_due)
