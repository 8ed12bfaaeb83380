{# The tax each line of an issued (non-void, non-draft) invoice should carry, by the contract's
   rule on the customer's tax profile: 0 when tax-exempt; 0 for an EU business customer (VAT
   number present) outside the seller's country (reverse charge); else the rate for the
   customer's (country, region), falling back to (country, no region), and 0 where software is
   not taxable or no rate is listed. Expected tax = line amount x rate, rounded half-up. #}

with invoices as (

    select * from {{ ref('stg_billing__invoices') }}
    where status not in ('void', 'draft')

),

invoice_lines as (

    select * from {{ ref('stg_billing__invoice_lines') }}

),

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

tax_rates as (

    select * from {{ ref('stg_reference__tax_rates') }}

),

customer_rules as (

    select
        customers.customer_id,
        customers.tax_country,
        customers.tax_region,
        case
            when coalesce(customers.tax_exempt, false) then 'exempt'
            when customers.tax_id is not null
                and customers.tax_country in {{ eu_countries() }}
                and customers.tax_country <> '{{ var("seller_country") }}' then 'reverse_charge'
            when coalesce(regional_rates.country, national_rates.country) is null then 'no_rate_listed'
            when not coalesce(regional_rates.software_taxable, national_rates.software_taxable, true) then 'software_not_taxable'
            else 'taxable'
        end as tax_rule,
        coalesce(regional_rates.rate, national_rates.rate) as listed_rate
    from customers
    left join tax_rates as regional_rates
        on customers.tax_country = regional_rates.country
        and customers.tax_region = regional_rates.region
    left join tax_rates as national_rates
        on customers.tax_country = national_rates.country
        and national_rates.region is null

),

final as (

    select
        invoice_lines.invoice_line_id,
        invoice_lines.invoice_id,
        invoices.invoice_number,
        invoices.customer_id,
        invoices.currency,
        invoices.issued_at,
        invoices.period_start,
        invoices.period_end,
        invoices.tax_amount as invoice_tax_amount,
        invoice_lines.amount,
        invoice_lines.tax_amount,
        coalesce(customer_rules.tax_rule, 'no_rate_listed') as tax_rule,
        customer_rules.tax_country,
        customer_rules.tax_region,
        case when customer_rules.tax_rule = 'taxable' then customer_rules.listed_rate else cast(0 as decimal(18, 8)) end
            as expected_rate,
        {{ round_money(
            'cast(invoice_lines.amount as decimal(38, 10)) * case when customer_rules.tax_rule = \'taxable\' then customer_rules.listed_rate else 0 end',
            'invoices.currency') }} as expected_tax_amount
    from invoice_lines
    inner join invoices
        on invoice_lines.invoice_id = invoices.invoice_id
    left join customer_rules
        on invoices.customer_id = customer_rules.customer_id

)

select * from final
