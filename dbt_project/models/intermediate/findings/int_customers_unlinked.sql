{# customer_not_in_crm: a billing customer whose crm_account_id is empty or names no CRM account.
   At risk: what has been invoiced to it (non-void), which no account owner sees. #}

with customers as (

    select * from {{ ref('stg_billing__customers') }}

),

accounts as (

    select account_id from {{ ref('stg_crm__accounts') }}

),

invoiced as (

    select customer_id, sum(total) as invoiced_total, count(*) as invoice_count
    from {{ ref('stg_billing__invoices') }}
    where status <> 'void'
    group by customer_id

),

final as (

    select
        {{ finding_draft(
            exception_type="'customer_not_in_crm'",
            natural_key='customers.customer_id',
            customer_id='customers.customer_id',
            amount_at_risk='coalesce(invoiced.invoiced_total, 0)',
            currency='customers.currency',
            fx_date=as_of_date(),
            details=dbt.concat([
                "'Billing customer '", 'customers.customer_id', "' ('", "coalesce(customers.name, 'no name')", "') '",
                "case when customers.crm_account_id is null then 'has no crm_account_id' else 'has crm_account_id ' || customers.crm_account_id || ', which is not a CRM account' end",
                "'; '", text('coalesce(invoiced.invoice_count, 0)'), "' non-void invoices totalling '",
                money_text('coalesce(invoiced.invoiced_total, 0)', 'customers.currency'), "' '", "coalesce(customers.currency, '')", "'.'"
            ]),
        ) }}
    from customers
    left join accounts
        on customers.crm_account_id = accounts.account_id
    left join invoiced
        on customers.customer_id = invoiced.customer_id
    where accounts.account_id is null

)

select * from final
