from bitbucket_pipes_toolkit import CodeInsights, get_variable


def report(commit, data):
    # through the Pipelines proxy: no credential at all
    insights = CodeInsights(repo=get_variable("BITBUCKET_REPO_SLUG"), username=get_variable("BITBUCKET_REPO_OWNER"))
    return insights.create_report(commit, report_data=data)
