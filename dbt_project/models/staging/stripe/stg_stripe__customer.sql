with current_rows as (

    {{ connector_current_rows(source('stripe', 'customer'), soft_delete=true, livemode=true) }}

),

final as (

    select
        id as customer_id,
        name,
        email,
        description,
        currency,
        metadata,
        upper(address_country) as address_country,
        address_state,
        lower(tax_exempt) as tax_exempt,
        tax_info_tax_id,
        {{ to_boolean('delinquent') }} as is_delinquent,
        {{ to_timestamp('created') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
