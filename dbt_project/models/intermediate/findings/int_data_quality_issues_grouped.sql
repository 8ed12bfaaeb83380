{# data_quality: extract rows that broke the contract (quarantined by ingestion) and loaded rows
   whose reference points at nothing, grouped by source file and reason. A quarantine reason's
   trailing parenthesis (the offending value, the accepted values) is left out of the group, so
   one file's unparseable dates make one finding, not one per value. A file re-delivered under
   another name (same bytes, so same file hash and same lines) is named as its first delivery (the
   copy modified first, then the first name), whichever copy ingestion kept the rows of: a copy
   changes no finding id. Usage, millions of rows, is checked from its counts per file and customer
   (int_usage_file_customers_counted), which a new day adds to instead of recounting. #}

{%- set references = [
    {'child': 'stg_billing__invoices', 'column': 'customer_id', 'parent': 'stg_billing__customers', 'parent_column': 'customer_id', 'label': 'billing/customers'},
    {'child': 'stg_billing__invoice_lines', 'column': 'invoice_id', 'parent': 'stg_billing__invoices', 'parent_column': 'invoice_id', 'label': 'billing/invoices'},
    {'child': 'stg_billing__subscriptions', 'column': 'customer_id', 'parent': 'stg_billing__customers', 'parent_column': 'customer_id', 'label': 'billing/customers'},
    {'child': 'stg_billing__subscriptions', 'column': 'crm_contract_id', 'parent': 'stg_crm__contracts', 'parent_column': 'contract_id', 'label': 'crm/contracts'},
    {'child': 'stg_crm__contracts', 'column': 'account_id', 'parent': 'stg_crm__accounts', 'parent_column': 'account_id', 'label': 'crm/accounts'},
    {'child': 'stg_crm__contract_lines', 'column': 'contract_id', 'parent': 'stg_crm__contracts', 'parent_column': 'contract_id', 'label': 'crm/contracts'},
    {'child': 'stg_payments__transactions', 'column': 'invoice_id', 'parent': 'stg_billing__invoices', 'parent_column': 'invoice_id', 'label': 'billing/invoices'},
    {'child': 'stg_erp__receipts', 'column': 'erp_invoice_id', 'parent': 'stg_erp__invoices', 'parent_column': 'erp_invoice_id', 'label': 'erp/invoices'},
] %}

with quarantined as (

    select
        source_file,
        {# position + substring, not split_part: Spark's split takes a regex and '(' breaks it #}
        case
            when {{ dbt.position("' ('", 'reason') }} > 1
                then substring(reason, 1, {{ dbt.position("' ('", 'reason') }} - 1)
            else reason
        end as reason,
        1 as row_count,
        line_number as first_line,
        line_number as last_line
    from {{ ref('stg_ingestion__quarantine') }}

),

broken_references as (

    {% for reference in references -%}
    select
        child._source_file as source_file,
        '{{ reference.column }} not found in {{ reference.label }}' as reason,
        1 as row_count,
        child._line_number as first_line,
        child._line_number as last_line
    from {{ ref(reference.child) }} as child
    left join {{ ref(reference.parent) }} as parent
        on child.{{ reference.column }} = parent.{{ reference.parent_column }}
    where child.{{ reference.column }} is not null
        and parent.{{ reference.parent_column }} is null
    union all
    {% endfor %}
    select
        counted.source_file,
        'customer_id not found in billing/customers' as reason,
        counted.event_count as row_count,
        counted.first_line,
        counted.last_line
    from {{ ref('int_usage_file_customers_counted') }} as counted
    left join {{ ref('stg_billing__customers') }} as customers
        on counted.customer_id = customers.customer_id
    where counted.customer_id is not null
        and customers.customer_id is null

),

{# rows of a connector's table its adapter cannot map into the contract (a CRM deal without a
   billing frequency, ...): reported as the contract layout reports a quarantined row #}
adapter_rejects as (

    select source_file, reason, 1 as row_count, line_number as first_line, line_number as last_line
    from ({{ adapter_reject_rows(['stg_salesforce__crm_rejects', 'stg_hubspot__crm_rejects']) }}) as rejects

),

first_deliveries as (

    select
        source_file,
        first_value(source_file) over (
            partition by table_name, file_hash order by file_modified_ns, source_file
        ) as first_delivered_as
    from {{ ref('stg_ingestion__load_log') }}

),

issues as (

    select coalesce(first_deliveries.first_delivered_as, issue.source_file, '?') as source_file,
           issue.reason, issue.row_count, issue.first_line, issue.last_line, issue.disposition
    from (
        select *, 'quarantined' as disposition
        from quarantined
        union all
        select *, 'loaded with a broken reference' as disposition
        from broken_references
        union all
        select *, 'left out by the adapter' as disposition
        from adapter_rejects
    ) as issue
    left join first_deliveries on issue.source_file = first_deliveries.source_file

),

grouped as (

    select
        source_file,
        reason,
        disposition,
        cast(sum(row_count) as {{ dbt.type_bigint() }}) as row_count,
        min(first_line) as first_line,
        max(last_line) as last_line
    from issues
    group by source_file, reason, disposition

),

final as (

    select
        {{ finding_draft(
            exception_type="'data_quality'",
            natural_key=dbt.concat(['source_file', "'|'", 'reason']),
            severity="case when row_count >= 10 then 'medium' else 'low' end",
            details=dbt.concat([
                text('row_count'), "case when row_count = 1 then ' row' else ' rows' end", "' of '", "coalesce(source_file, '?')",
                "case when first_line = last_line then ' (line ' || " ~ text('first_line') ~ " || ')' else ' (lines ' || " ~ text('first_line') ~ " || '..' || " ~ text('last_line') ~ " || ')' end",
                "' '", 'disposition', "': '", 'reason', "'.'"
            ]),
        ) }}
    from grouped

)

select * from final
