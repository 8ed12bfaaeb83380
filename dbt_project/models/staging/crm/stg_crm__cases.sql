with source as (

    select * from {{ source('crm', 'cases') }}

),

contract_rows as (

    select
        case_id,
        account_id,
        category,
        {{ to_timestamp('opened_at') }} as opened_at,
        {{ to_timestamp('closed_at') }} as closed_at,
        {{ to_integer('contacts_to_resolve') }} as contacts_to_resolve,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_salesforce__crm_cases', 'stg_hubspot__crm_cases']) }}

)

select * from final
