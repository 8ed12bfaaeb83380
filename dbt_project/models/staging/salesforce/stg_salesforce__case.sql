with current_rows as (

    {{ connector_current_rows(source('salesforce', 'case'), soft_delete=true) }}

),

final as (

    select
        id as case_id,
        account_id,
        type as case_type,
        reason as case_reason,
        status,
        {{ to_timestamp('created_date') }} as opened_at,
        {{ to_timestamp('closed_date') }} as closed_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
