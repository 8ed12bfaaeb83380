{# Beside the contract's columns, the bank's batch words the parsers keep in _extra (a credit the
   bank books as a batch's total: 'GVC 192', 'camt batch'; the batch a camt.054 lists a payment
   in): docs/cash_application.md, "Non-customer lines". #}
with source as (

    select * from {{ source('bank', 'statement_lines') }}

),

final as (

    select
        bank_txn_id,
        {{ to_date('value_date') }} as value_date,
        {{ money('amount') }} as amount,
        currency,
        payer_name,
        reference,
        account_id,
        _source_file,
        _line_number,
        {{ metadata_value('_extra', 'bank_batch_total') }} is not null as is_batch_total,
        {{ metadata_value('_extra', 'bank_batch') }} as batch_in_file
    from source

)

select * from final
