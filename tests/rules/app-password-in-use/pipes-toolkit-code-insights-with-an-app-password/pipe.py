from bitbucket_pipes_toolkit import CodeInsights, get_variable


def report(commit, data):
    if get_variable("BITBUCKET_PASSWORD"):
        # expect: app-password-in-use
        insights = CodeInsights(repo=get_variable("BITBUCKET_REPO_SLUG"),
                                username=get_variable("BITBUCKET_USERNAME"),
                                auth_type="basic",
                                app_password=get_variable("BITBUCKET_PASSWORD"))
    else:
        insights = CodeInsights(repo=get_variable("BITBUCKET_REPO_SLUG"), username=get_variable("BITBUCKET_USERNAME"))
    return insights.create_report(commit, report_data=data)
