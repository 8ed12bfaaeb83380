{# QuickBooks invoices, current version per id (deleted rows left out); amounts are major units as
   QuickBooks states them. `invoice_number` is the billing invoice number the ERP carries: the column
   named by the quickbooks_invoice_number_field setting (doc_number, private_note, customer_memo, or
   a custom field custom_<name>, which ingestion keeps in _extra), else doc_number. A private note
   loses the "Voided" QuickBooks puts before it on a void. `is_voided`: QuickBooks keeps a voided
   invoice with its amounts zeroed and "Voided" before its private note (Intuit's Invoice API,
   "Void an invoice"); both must hold, so a note that merely starts with the word voids nothing. #}
{%- set field = var('quickbooks_invoice_number_field') %}
{%- if field in ('doc_number', 'customer_memo') %}
    {%- set chosen = 'nullif(trim(' ~ field ~ "), '')" %}
{%- elif field == 'private_note' %}
    {%- set chosen = "nullif(trim(regexp_replace(private_note, '^ *[Vv][Oo][Ii][Dd][Ee][Dd][ :-]*', '')), '')" %}
{%- else %}
    {%- set chosen = metadata_value('_extra', field) %}
{%- endif %}
with current_rows as (

    {{ connector_current_rows(source('quickbooks', 'invoice')) }}

),

final as (

    select
        id as invoice_id,
        coalesce({{ chosen }}, nullif(trim(doc_number), '')) as invoice_number,
        doc_number,
        customer_id,
        coalesce(currency_id, '{{ var("quickbooks_home_currency") }}') as currency,
        {{ to_date('transaction_date') }} as transaction_date,
        {{ to_date('due_date') }} as due_date,
        {{ to_timestamp('created_at') }} as created_at,
        {{ money('total_amount') }} as total_amount,
        {{ money('balance') }} as balance,
        {{ money('total_tax') }} as total_tax,
        private_note,
        coalesce(lower(trim(private_note)) like 'voided%' and {{ money('total_amount') }} = 0, false) as is_voided,
        _source_file,
        _line_number
    from current_rows

)

select * from final
