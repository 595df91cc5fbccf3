from setuptools import find_packages, setup

setup(
    name="email-sender",
    version="1.6.3",
    packages=find_packages(exclude=["tests"]),
    install_requires=["kafka-python==2.0.2", "jinja2>=3.1", "boto3>=1.34"],
    entry_points={"console_scripts": ["email-sender=email_sender.worker:main"]},
)
