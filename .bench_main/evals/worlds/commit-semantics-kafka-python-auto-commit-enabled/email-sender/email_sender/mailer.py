import boto3
from jinja2 import Environment, PackageLoader

from email_sender.config import Config

_templates = Environment(loader=PackageLoader("email_sender", "templates"), autoescape=True)
_ses = boto3.client("ses", region_name=Config.SES_REGION)


def send_welcome(email: str, first_name: str) -> None:
    html = _templates.get_template("welcome.html").render(first_name=first_name)
    _ses.send_email(
        Source=Config.FROM_ADDRESS,
        Destination={"ToAddresses": [email]},
        Message={"Subject": {"Data": "Welcome to Acme"}, "Body": {"Html": {"Data": html}}},
    )
