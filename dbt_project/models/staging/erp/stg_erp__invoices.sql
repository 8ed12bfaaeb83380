with source as (

    select * from {{ source('erp', 'invoices') }}

),

contract_rows as (

    select
        erp_invoice_id,
        external_ref,
        customer_ref,
        {{ to_timestamp('posted_at') }} as posted_at,
        currency,
        {{ money('amount') }} as amount,
        status,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_quickbooks__erp_invoices', 'stg_netsuite__erp_invoices']) }}

)

select * from final
