{# NetSuite payments and credits applied to invoices as erp.receipts (stg_erp__receipts unions
   them): one receipt per invoice and settling transaction (stg_netsuite__applications), receipt_id
   `<settling transaction id>-<invoice id>`. received_at: the settling transaction's trandate, else
   its createddate, else the link's date. method: what settled it, in NetSuite's words: `payment`
   (CustPymt), `credit_memo` (CustCred), `deposit` (DepAppl, a customer deposit applied). #}
with applications as (

    select * from {{ ref('stg_netsuite__applications') }}

),

final as (

    select
        {{ dbt.concat(['settling_id', "'-'", 'invoice_id']) }} as receipt_id,
        invoice_id as erp_invoice_id,
        amount,
        settled_at as received_at,
        case settling_type
            when 'CustCred' then 'credit_memo'
            when 'DepAppl' then 'deposit'
            else 'payment'
        end as method,
        _source_file,
        _line_number
    from applications

)

select * from final
