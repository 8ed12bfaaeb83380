with current_rows as (

    {{ connector_current_rows(source('hubspot', 'owner'), key=['owner_id']) }}

),

final as (

    select owner_id, email, first_name, last_name
    from current_rows

)

select * from final
