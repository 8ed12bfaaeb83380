{# Tickets with their company (ticket_company: the lowest company id when several). #}
with current_rows as (

    {{ connector_current_rows(source('hubspot', 'ticket'), soft_delete=true) }}

),

companies as (

    select ticket_id, min(company_id) as company_id
    from ({{ connector_current_rows(source('hubspot', 'ticket_company'), key=['ticket_id', 'company_id', 'type_id']) }}) as links
    group by ticket_id

),

final as (

    select
        current_rows.id as ticket_id,
        companies.company_id,
        current_rows.property_hs_ticket_category as ticket_category,
        {{ to_timestamp('current_rows.property_createdate') }} as opened_at,
        {{ to_timestamp('current_rows.property_closed_date') }} as closed_at,
        current_rows._source_file,
        current_rows._line_number
    from current_rows
    left join companies
        on current_rows.id = companies.ticket_id

)

select * from final
