{# NetSuite transactions (every type: CustInvc invoices, CustPymt payments, CustCred credit memos,
   ...), current version per id, deleted rows left out; amounts are the transaction currency's major
   units as NetSuite states them (foreign* columns). `invoice_number` is the billing invoice number the
   ERP carries: the column named by the netsuite_invoice_number_field setting (tranid, NetSuite's
   document number, by default; or otherrefnum, memo, externalid, transactionnumber, or a custom
   body field custbody_<name>, which ingestion keeps in _extra), else tranid. #}
{%- set field = var('netsuite_invoice_number_field') %}
{%- if field in ('tranid', 'transactionnumber', 'otherrefnum', 'memo', 'externalid') %}
    {%- set chosen = 'nullif(trim(' ~ field ~ "), '')" %}
{%- else %}
    {%- set chosen = metadata_value('_extra', field) %}
{%- endif %}
with current_rows as (

    {{ connector_current_rows(source('netsuite', 'transaction')) }}

),

final as (

    select
        id as transaction_id,
        type as transaction_type,
        upper(trim(status)) as status,
        coalesce({{ chosen }}, nullif(trim(tranid), '')) as invoice_number,
        tranid,
        entity as customer_id,
        currency as currency_id,
        {{ to_timestamp('trandate') }} as transaction_date,
        {{ to_timestamp('createddate') }} as created_at,
        {{ money('foreigntotal') }} as total_amount,
        {{ money('foreignamountunpaid') }} as amount_unpaid,
        coalesce({{ to_boolean('voided') }}, false) as is_voided,
        _source_file,
        _line_number
    from current_rows

)

select * from final
