{# A (bank line, invoice) pair with the facts the payer habits are learned from: the payment's
   payer name, reference, amount and value date, the invoice's customer, open amount and due date.
   pairs: a relation with bank_txn_id and invoice_id; evidence: 'confirmed' | 'auto_applied'. #}
{% macro remittance_pair_facts(pairs, bank_lines, invoices, evidence) -%}
    select
        {{ bank_lines }}.bank_txn_id,
        {{ invoices }}.invoice_id,
        {{ invoices }}.customer_id,
        {{ bank_lines }}.currency,
        {{ bank_lines }}.payer_name,
        {{ bank_lines }}.reference,
        {{ bank_lines }}.amount as line_amount,
        {{ invoices }}.open_amount as invoice_open_amount,
        {{ bank_lines }}.value_date,
        {{ invoices }}.due_date,
        '{{ evidence }}' as evidence
    from {{ pairs }}
    inner join {{ bank_lines }} on {{ pairs }}.bank_txn_id = {{ bank_lines }}.bank_txn_id
    inner join {{ invoices }} on {{ pairs }}.invoice_id = {{ invoices }}.invoice_id
{%- endmacro %}
