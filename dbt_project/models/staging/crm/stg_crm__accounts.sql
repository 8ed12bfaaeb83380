with source as (

    select * from {{ source('crm', 'accounts') }}

),

contract_rows as (

    select
        account_id,
        account_name,
        segment,
        billing_country,
        billing_region,
        owner_email,
        {{ to_timestamp('created_at') }} as created_at,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_salesforce__crm_accounts', 'stg_hubspot__crm_accounts']) }}

)

select * from final
