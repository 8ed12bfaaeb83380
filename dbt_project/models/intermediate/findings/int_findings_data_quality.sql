{{ findings_queue(['int_data_quality_issues_grouped'], category='data_quality') }}
