with source as (

    select * from {{ source('erp', 'receipts') }}

),

contract_rows as (

    select
        receipt_id,
        erp_invoice_id,
        {{ money('amount') }} as amount,
        {{ to_timestamp('received_at') }} as received_at,
        method,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_quickbooks__erp_receipts', 'stg_netsuite__erp_receipts']) }}

)

select * from final
