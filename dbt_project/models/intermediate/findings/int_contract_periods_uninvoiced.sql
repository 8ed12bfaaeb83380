{# missing_invoice / missing_renewal_invoice: a scheduled period with recurring or one-time
   charges that started more than the grace days before as_of, and no line of a non-void invoice
   billed to the contract (other than usage or credit) whose period overlaps it. The first
   period of a renewal contract or of a tacit auto-renewal is a missing_renewal_invoice. #}

with periods as (

    select * from {{ ref('int_contract_periods_scheduled') }}
    where {{ dbt.datediff('period_start', as_of_date(), 'day') }} > {{ var('invoice_grace_days') }}

),

expected_charges as (

    select
        contract_id,
        period_start,
        sum(expected_amount) as expected_amount
    from {{ ref('int_contract_charges_expected') }}
    group by contract_id, period_start

),

invoice_lines as (

    select * from {{ ref('int_invoice_lines_periodized') }}
    where charge_type in ('recurring', 'one_time')

),

covered_periods as (

    select distinct periods.contract_id, periods.period_start
    from periods
    inner join invoice_lines
        on periods.contract_id = invoice_lines.contract_id
        and invoice_lines.line_period_start <= periods.period_end
        and invoice_lines.line_period_end >= periods.period_start

),

final as (

    select
        {{ finding_draft(
            exception_type="case when periods.is_renewal_first_period then 'missing_renewal_invoice' else 'missing_invoice' end",
            natural_key=dbt.concat(['periods.contract_id', "'|'", text('periods.period_start')]),
            account_id='periods.account_id',
            contract_id='periods.contract_id',
            period_start='periods.period_start',
            period_end='periods.period_end',
            amount_at_risk='expected_charges.expected_amount',
            currency='periods.currency',
            fx_date='periods.period_start',
            details=dbt.concat([
                "'No non-void invoice bills '",
                "case when periods.is_tacit_renewal then 'the tacit auto-renewal period ' when periods.is_renewal_first_period then 'the first period of renewal contract ' else 'period ' end",
                period_text('periods.period_start', 'periods.period_end'),
                "' of contract '", 'periods.contract_id',
                "' ('", 'periods.billing_frequency', "'), which started more than '", text(var('invoice_grace_days')),
                "' days before '", text(as_of_date()),
                "'; expected '", money_text('expected_charges.expected_amount', 'periods.currency'), "' '", 'periods.currency', "'.'"
            ]),
        ) }}
    from periods
    inner join expected_charges
        on periods.contract_id = expected_charges.contract_id
        and periods.period_start = expected_charges.period_start
    left join covered_periods
        on periods.contract_id = covered_periods.contract_id
        and periods.period_start = covered_periods.period_start
    where covered_periods.contract_id is null
        and expected_charges.expected_amount > 0

)

select * from final
