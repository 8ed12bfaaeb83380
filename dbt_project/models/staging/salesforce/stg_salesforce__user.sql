with current_rows as (

    {{ connector_current_rows(source('salesforce', 'user')) }}

),

final as (

    select
        id as user_id,
        email,
        name as user_name,
        {{ to_boolean('is_active') }} as is_active,
        _source_file,
        _line_number
    from current_rows

)

select * from final
