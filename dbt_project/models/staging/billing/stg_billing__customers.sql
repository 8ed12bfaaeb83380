with source as (

    select * from {{ source('billing', 'customers') }}

),

final as (

    select
        customer_id,
        crm_account_id,
        name,
        email,
        currency,
        tax_country,
        tax_region,
        tax_id,
        {{ to_boolean('tax_exempt') }} as tax_exempt,
        {{ to_boolean('autopay') }} as autopay,
        {{ to_boolean('portal_enabled') }} as portal_enabled,
        _source_file,
        _line_number
    from source

)

select * from final
