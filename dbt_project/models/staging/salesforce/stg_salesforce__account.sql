with current_rows as (

    {{ connector_current_rows(source('salesforce', 'account'), soft_delete=true) }}

),

final as (

    select
        id as account_id,
        name as account_name,
        type as account_type,
        upper(billing_country_code) as billing_country_code,
        billing_country,
        billing_state_code,
        billing_state,
        owner_id,
        currency_iso_code,
        {{ crm_segment(crm_field('salesforce', 'segment')) }} as segment,
        {{ to_timestamp('created_date') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
