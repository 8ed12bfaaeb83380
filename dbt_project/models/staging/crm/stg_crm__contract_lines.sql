with source as (

    select * from {{ source('crm', 'contract_lines') }}

),

contract_rows as (

    select
        contract_line_id,
        contract_id,
        product_code,
        charge_type,
        {{ quantity('quantity') }} as quantity,
        {{ unit_price('unit_price') }} as unit_price,
        {{ percentage('discount_pct') }} as discount_pct,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_salesforce__crm_contract_lines', 'stg_hubspot__crm_contract_lines']) }}

)

select * from final
