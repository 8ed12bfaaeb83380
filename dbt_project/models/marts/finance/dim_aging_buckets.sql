{# The aging buckets of the aging_buckets seed in display order, for the dashboard's aging chart:
   it shows every bucket, also an empty one, under the seed's label. #}
with buckets as (

    select * from {{ ref('aging_buckets') }}

),

final as (

    select
        aging_bucket,
        label,
        min_days_past_due,
        max_days_past_due,
        cast(row_number() over (order by min_days_past_due nulls first) as integer) as bucket_order
    from buckets

)

select * from final
