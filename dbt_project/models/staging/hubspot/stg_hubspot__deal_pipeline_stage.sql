with current_rows as (

    {{ connector_current_rows(source('hubspot', 'deal_pipeline_stage'), key=['stage_id']) }}

),

final as (

    select
        stage_id,
        pipeline_id,
        label,
        {{ to_boolean('closed_won') }} as is_closed_won,
        {{ to_boolean('is_closed') }} as is_closed
    from current_rows

)

select * from final
