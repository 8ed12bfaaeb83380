{# What the matcher learns of each customer from the payments it knows to be theirs. The learning
   rules live here, once: int_payer_habits_learned renders them in the run, and `billops match
   backtest` renders the same text with plain Jinja over the evidence dated before its period (so a
   replay never learns from the payments it replays). Portable SQL only (DuckDB and Spark), no dbt
   calls: the arguments are relation names and numbers.

   observations: (customer_id, habit, value, currency, bank_txn_id, value_date), one row per payment
   and what it shows (int_payer_habits_observed). unlearns: (customer_id, habit, value, unlearned_on),
   habit or value null meaning all. Emits CTEs, the last of which is `habits_learned`:
   (customer_id, habit, value, currency, support, first_learned_on, last_learned_on, is_unlearned,
   unlearned_on). An unlearn decision of day D removes what payments dated on or before D taught;
   later payments may teach it again. A rule, its threshold and the row it yields:
     alias            the payer name of a confirmed payment, from 1 payment
     reference_token  a token the customer's payments carry, from min_support payments, and no
                      other customer's payment carries it
     short_pay        the same amount paid short, from min_support payments, per currency
     lag_days         the lower median of value date - due date, from min_lag_payments payments
   first_learned_on is the value date of the payment that met the threshold; last_learned_on the
   latest supporting payment's. #}
{% macro learn_payer_habits(observations, unlearns, min_support, min_lag_payments) %}
habit_observed as (

    select customer_id, habit, value, currency, bank_txn_id, value_date from {{ observations }}

),

habit_unlearns as (

    select customer_id, habit, value, unlearned_on from {{ unlearns }}

),

{# the latest unlearn covering each observation: the customer's, for its habit or all, for its
   value or all (a customer has one lag: any lag_days unlearn covers every lag observation) #}
habit_observed_covered as (

    select
        habit_observed.customer_id,
        habit_observed.habit,
        habit_observed.value,
        habit_observed.currency,
        habit_observed.bank_txn_id,
        habit_observed.value_date,
        max(habit_unlearns.unlearned_on) as unlearned_on
    from habit_observed
    left join habit_unlearns
        on habit_unlearns.customer_id = habit_observed.customer_id
        and (habit_unlearns.habit is null or habit_unlearns.habit = habit_observed.habit)
        and (habit_unlearns.value is null or habit_observed.habit = 'lag_days'
             or upper(habit_unlearns.value) = upper(habit_observed.value))
    group by
        habit_observed.customer_id, habit_observed.habit, habit_observed.value, habit_observed.currency,
        habit_observed.bank_txn_id, habit_observed.value_date

),

{# every observation (scope all) and those no unlearn took back (scope active) #}
habit_scoped as (

    select 'all' as scope, customer_id, habit, value, currency, bank_txn_id, value_date, unlearned_on
    from habit_observed_covered
    union all
    select 'active' as scope, customer_id, habit, value, currency, bank_txn_id, value_date, unlearned_on
    from habit_observed_covered
    where unlearned_on is null or value_date > unlearned_on

),

habit_value_payments as (

    select
        scope, customer_id, habit, value, currency, bank_txn_id, value_date, unlearned_on,
        row_number() over (
            partition by scope, customer_id, habit, value, currency
            order by value_date, bank_txn_id
        ) as nth_payment
    from habit_scoped
    where habit <> 'lag_days'

),

habit_values as (

    select
        scope, customer_id, habit, value, currency,
        count(*) as support,
        max(case when nth_payment = case when habit = 'alias' then 1 else {{ min_support }} end
                 then value_date end) as first_learned_on,
        max(value_date) as last_learned_on,
        max(unlearned_on) as unlearned_on
    from habit_value_payments
    group by scope, customer_id, habit, value, currency
    having count(*) >= case when habit = 'alias' then 1 else {{ min_support }} end

),

{# a token two customers' payments carry says nothing about either #}
habit_shared_tokens as (

    select value
    from habit_observed
    where habit = 'reference_token'
    group by value
    having count(distinct customer_id) > 1

),

habit_lag_payments as (

    select
        scope, customer_id, value_date, unlearned_on,
        cast(value as integer) as lag_days,
        row_number() over (partition by scope, customer_id order by cast(value as integer), bank_txn_id) as lag_rank,
        row_number() over (partition by scope, customer_id order by value_date, bank_txn_id) as nth_payment,
        count(*) over (partition by scope, customer_id) as payments
    from habit_scoped
    where habit = 'lag_days'

),

habit_lags as (

    select
        scope, customer_id,
        max(case when lag_rank = floor((payments + 1) / 2) then lag_days end) as lag_days,
        count(*) as support,
        max(case when nth_payment = {{ min_lag_payments }} then value_date end) as first_learned_on,
        max(value_date) as last_learned_on,
        max(unlearned_on) as unlearned_on
    from habit_lag_payments
    group by scope, customer_id
    having count(*) >= {{ min_lag_payments }}

),

habit_candidates as (

    select
        habit_values.scope, habit_values.customer_id, habit_values.habit, habit_values.value,
        habit_values.currency, habit_values.support, habit_values.first_learned_on,
        habit_values.last_learned_on, habit_values.unlearned_on
    from habit_values
    left join habit_shared_tokens
        on habit_values.habit = 'reference_token' and habit_shared_tokens.value = habit_values.value
    where habit_shared_tokens.value is null
    union all
    select
        scope, customer_id, 'lag_days' as habit, cast(lag_days as string) as value,
        cast(null as string) as currency, support, first_learned_on, last_learned_on, unlearned_on
    from habit_lags

),

{# what the matcher uses (active), and what an unlearn took back (in all, not in active) #}
habits_learned as (

    select
        customer_id, habit, value, currency, cast(support as integer) as support, first_learned_on,
        last_learned_on, false as is_unlearned, cast(null as date) as unlearned_on
    from habit_candidates
    where scope = 'active'
    union all
    select
        everything.customer_id, everything.habit, everything.value, everything.currency,
        cast(everything.support as integer) as support, everything.first_learned_on,
        everything.last_learned_on, true as is_unlearned, everything.unlearned_on
    from habit_candidates as everything
    left join habit_candidates as active
        on active.scope = 'active'
        and active.customer_id = everything.customer_id
        and active.habit = everything.habit
        and active.value = everything.value
        and coalesce(active.currency, '') = coalesce(everything.currency, '')
    where everything.scope = 'all' and active.customer_id is null

)
{% endmacro %}
